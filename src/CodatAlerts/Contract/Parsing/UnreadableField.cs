namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// A field of a Codat body whose value did not fit its typed property (a date that does not parse, a string where a
/// number belongs, a number out of range). The typed property is left unset and the value is kept here exactly as
/// sent, so a handler that needs it can still read it.
/// </summary>
/// <param name="Path">Where it is, as System.Text.Json names it (<c>$.payload.expiryDate</c>, <c>$.payload.dataTypes[1].issues</c>).</param>
/// <param name="RawJson">The value's exact bytes (a JSON token or container), even where they are not valid UTF-8.</param>
/// <param name="Reason">Why it did not fit: the serializer's message, which names the type and position, never the value.</param>
public sealed record UnreadableField(string Path, ReadOnlyMemory<byte> RawJson, string Reason);
