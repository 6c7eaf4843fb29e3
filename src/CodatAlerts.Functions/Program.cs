using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddCodatAlerts(builder.Configuration);
builder.AddCodatAlertsTelemetry();
builder.Build().Run();
