namespace CodatAlerts.Contract;

/// <summary>
/// The stable reason codes of <see cref="ClassificationError"/>. Each is a problem type of its own
/// (<c>urn:codat-alerts:problem:{reason}</c>) and a value of the rejection metric's reason tag.
/// </summary>
public static class ClassificationReasons
{
    /// <summary>Not JSON, not an object, neither shape, no rule type or no id.</summary>
    public const string NotAnAlert = "not-an-alert";

    /// <summary>An identifying value is a string that cannot be decoded (a lone surrogate escape, invalid UTF-8).</summary>
    public const string MalformedString = "malformed-string";

    /// <summary>An identifying value (id, rule type, <c>webhook-id</c>) is too long or not printable ASCII.</summary>
    public const string InvalidIdentifier = "invalid-identifier";

    /// <summary>An identifying key appears twice at the top level (compared without regard to case).</summary>
    public const string DuplicateKey = "duplicate-key";
}
