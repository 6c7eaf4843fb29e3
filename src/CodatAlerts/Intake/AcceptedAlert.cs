namespace CodatAlerts.Intake;

/// <summary>The body of a 202: enough for a sender or an operator to find the alert again.</summary>
/// <param name="IngestionId">The id of this receipt.</param>
/// <param name="DedupKey">The key all copies of the alert share.</param>
/// <param name="Partition">The partition queue it is on.</param>
public sealed record AcceptedAlert(string IngestionId, string DedupKey, int Partition);
