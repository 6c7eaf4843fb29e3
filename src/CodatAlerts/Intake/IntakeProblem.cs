namespace CodatAlerts.Intake;

/// <summary>
/// An RFC 9457 problem (<c>application/problem+json</c>) explaining a refusal. Its text names what is wrong and never
/// quotes a credential or the body.
/// </summary>
/// <param name="Type">A stable URN per kind of problem.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What exactly is wrong with this request.</param>
public sealed record IntakeProblem(string Type, string Title, string Detail);
