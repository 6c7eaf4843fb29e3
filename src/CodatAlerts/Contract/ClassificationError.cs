namespace CodatAlerts.Contract;

/// <summary>Why a body is not a Codat alert. The detail names the problem and never quotes the body.</summary>
/// <param name="Reason">A stable code, one per kind of refusal (see <see cref="ClassificationReasons"/>): the problem type's URN suffix.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What exactly is wrong, in fixed wording (positions at most, never body content).</param>
public sealed record ClassificationError(string Reason, string Title, string Detail);
