namespace CodatAlerts.Simulator.Listening;

/// <summary>One request as <c>codat-sim listen</c> shows it.</summary>
/// <param name="Sequence">1 for the first request received, and so on.</param>
/// <param name="Headers">The headers that matter for Codat alerts, secrets masked.</param>
/// <param name="Body">The body as received (UTF-8).</param>
internal sealed record ReceivedRequest(
    long Sequence,
    string Method,
    string Path,
    IReadOnlyList<(string Name, string Value)> Headers,
    string Body,
    SignatureCheck Signature,
    int AnsweredStatus);

/// <summary>What the listener made of a signed request, when it was given the signing secret.</summary>
internal enum SignatureCheck
{
    /// <summary>No signing secret given to the listener.</summary>
    NotChecked,

    /// <summary>A <c>v1</c> signature matches.</summary>
    Valid,

    /// <summary>Signed, but no <c>v1</c> signature matches.</summary>
    Invalid,

    /// <summary>One of <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> is missing.</summary>
    Missing,
}
