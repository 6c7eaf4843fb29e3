using System.Text.Json;

namespace CodatAlerts.Operations.Background;

/// <summary>The operation endpoints' JSON bodies.</summary>
public static class OperationJson
{
    /// <summary>The 202 of a start: <c>{"operationId","kind","status"}</c>.</summary>
    public static string Started(OperationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return JsonSerializer.Serialize(new OperationStarted(status.OperationId, status.Kind, status.Status), BackgroundJsonContext.Default.OperationStarted);
    }

    /// <summary>A dry run: <c>{"count","complete","alerts":[…],"dryRun":true}</c>.</summary>
    public static string DryRun(DryRunAnswer answer) => JsonSerializer.Serialize(answer, BackgroundJsonContext.Default.DryRunAnswer);

    /// <summary>The status of <c>GET /api/operations/{id}</c>.</summary>
    public static string Status(OperationStatus status) => JsonSerializer.Serialize(status, BackgroundJsonContext.Default.OperationStatus);
}
