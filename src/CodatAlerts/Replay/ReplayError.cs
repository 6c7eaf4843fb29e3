namespace CodatAlerts.Replay;

/// <summary>Why a replay request was refused (400).</summary>
public sealed record ReplayError(string Error);
