using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Access;
using CodatAlerts.Functions.Telemetry;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddCodatAlerts(builder.Configuration);
builder.Services.AddOperatorAccess(builder.Configuration);
builder.UseMiddleware<OperatorAccessMiddleware>();
builder.AddCodatAlertsTelemetry();
builder.Build().Run();
