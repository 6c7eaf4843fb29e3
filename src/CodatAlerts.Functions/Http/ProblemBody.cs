namespace CodatAlerts.Functions.Http;

/// <summary>The RFC 9457 wire form of a problem.</summary>
internal sealed record ProblemBody(string Type, string Title, int Status, string Detail);
