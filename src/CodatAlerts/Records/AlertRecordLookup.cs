namespace CodatAlerts.Records;

/// <summary>The answer to "what happened to alert X".</summary>
/// <param name="Status">Found, not found, or storage unavailable.</param>
/// <param name="Record">The record, when found.</param>
/// <param name="Body">The archived body, exactly as stored, when asked for and found.</param>
public sealed record AlertRecordLookup(RecordStatus Status, AlertRecordView? Record, BinaryData? Body);
