namespace CodatAlerts.Simulator.Listening;

/// <summary>Chooses the headers the listener shows and hides the secrets in them.</summary>
internal static class HeaderMask
{
    private const string Hidden = "***";

    /// <summary>The headers worth showing for a Codat alert, in this order.</summary>
    public static IReadOnlyList<string> Shown { get; } =
    [
        "Content-Type", "Content-Length", "User-Agent", "X-Codat-ClientId", "Authorization",
        "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature",
    ];

    /// <summary>
    /// The value to print: <c>Authorization</c> keeps its scheme only (<c>Bearer ***</c>), a signature its versions
    /// only (<c>v1,***</c>); everything else as received.
    /// </summary>
    public static string Mask(string name, string value)
    {
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? value[..space] + " " + Hidden : Hidden;
        }

        if (name.EndsWith("-signature", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Contains(',', StringComparison.Ordinal) ? entry[..(entry.IndexOf(',', StringComparison.Ordinal) + 1)] + Hidden : Hidden));
        }

        return value;
    }
}
