using System.Globalization;
using System.Text;

namespace CodatAlerts.Records;

/// <summary>
/// Where a newest-first page stopped: the receipt time of its last record and that record's blob name. The next page
/// reads receipts up to and including that time and skips, at exactly that time, the names already answered (the
/// page sorts ties by name), so records received in the same tick are neither lost nor repeated.
/// </summary>
/// <param name="At">The receipt time of the last record answered (the next page's inclusive upper bound).</param>
/// <param name="LastName">The blob name of that record; empty when the page ended between records.</param>
public sealed record NewestCursor(DateTimeOffset At, string LastName)
{
    private const char Prefix = 'n';

    /// <summary>The opaque token form.</summary>
    public string Token() =>
        Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}\n{LastName}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads a <see cref="Token"/>; false for anything else.</summary>
    public static bool TryRead(string token, out NewestCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(token);
        cursor = new NewestCursor(DateTimeOffset.MinValue, string.Empty);
        if (token.Length < 2 || token[0] != Prefix)
        {
            return false;
        }

        try
        {
            var base64 = token[1..].Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var parts = text.Split('\n');
            if (parts.Length != 2
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            cursor = new NewestCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
