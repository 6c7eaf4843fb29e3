namespace CodatAlerts.Intake;

/// <summary>An incoming alert delivery, as the HTTP function hands it over.</summary>
/// <param name="Body">The request body stream, read once.</param>
/// <param name="Headers">The request headers.</param>
public sealed record AlertRequest(Stream Body, IRequestHeaders Headers);
