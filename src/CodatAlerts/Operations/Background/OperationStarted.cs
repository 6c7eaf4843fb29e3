namespace CodatAlerts.Operations.Background;

/// <summary>The 202 answer of a started (or retried) operation: poll <c>GET /api/operations/{operationId}</c>.</summary>
public sealed record OperationStarted(string OperationId, string Kind, string Status);
