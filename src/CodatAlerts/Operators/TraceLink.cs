namespace CodatAlerts.Operators;

/// <summary>The console's link from an alert's trace id into the operator's telemetry (<see cref="OperatorAccessOptions.TraceLinkTemplate"/>).</summary>
public static class TraceLink
{
    /// <summary>Where the trace id goes in the template; the console puts it there percent-encoded.</summary>
    public const string Placeholder = "{traceId}";

    /// <summary>
    /// An absolute https URL holding the placeholder: the console renders it as a link, so anything else (a
    /// <c>javascript:</c> URL, plain http) must fail the start rather than reach a page.
    /// </summary>
    public static bool IsValidTemplate(string template) =>
        template.Contains(Placeholder, StringComparison.Ordinal)
        && Uri.TryCreate(template.Replace(Placeholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps;
}
