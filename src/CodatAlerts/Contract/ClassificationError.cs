namespace CodatAlerts.Contract;

/// <summary>Why a body is not a Codat alert. The detail names the problem and never quotes the body.</summary>
public sealed record ClassificationError(string Title, string Detail);
