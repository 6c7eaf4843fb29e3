using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CodatAlerts.Storage;

namespace CodatAlerts.Journey;

/// <summary>
/// How many duplicate copies were absorbed in each minute, for the overview's chart: a record holds one alert however
/// many copies arrived, so the records alone cannot tell. One append blob per UTC hour in the journeys container
/// (<c>~tally/duplicates/yyyy/MM/dd/HH</c>), one 3-byte line per duplicate (the minute, <c>mm\n</c>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Cost: one Append Block per duplicate, besides its journey line; a read of a window costs one List Blobs per
/// UTC day it touches and one Get Blob per hour that had duplicates (27 requests at most for 24 hours).</item>
/// <item>The name cannot meet an alert's journey: journeys start with a client segment, which never starts with
/// <c>~</c> followed by a lower-case letter (see <see cref="Processing.AlertRecordName"/>). The container's lifecycle
/// rule deletes the tallies with the journeys.</item>
/// <item>A lower bound, never a guess: an append that fails is counted as a lost journey line
/// (<c>kind=duplicate-tally</c>), and an hour stops counting past an append blob's 50,000 blocks (14 a second).</item>
/// </list>
/// </remarks>
public sealed class DuplicateTally(BlobServiceClient blobs)
{
    /// <summary>The folder of the tallies in <see cref="BlobAlertJourney.Container"/>.</summary>
    public const string Prefix = "~tally/duplicates/";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobAlertJourney.Container);

    /// <summary>The hour blob that counts a duplicate absorbed at <paramref name="at"/>.</summary>
    public static string BlobName(DateTimeOffset at) => Prefix + at.UtcDateTime.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture);

    /// <summary>Counts one duplicate absorbed at <paramref name="at"/>; throws when storage does.</summary>
    public Task RecordAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var line = Encoding.ASCII.GetBytes(at.UtcDateTime.ToString("mm", CultureInfo.InvariantCulture) + "\n");
        return AppendBlobLines.AppendAsync(_container, _container.GetAppendBlobClient(BlobName(at)), line, cancellationToken);
    }

    /// <summary>Duplicates per minute from <paramref name="since"/> (inclusive, a whole minute) to <paramref name="until"/>.</summary>
    public async Task<IReadOnlyDictionary<DateTimeOffset, int>> CountAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<DateTimeOffset, int>();
        var firstHour = Hour(since);
        for (var day = firstHour.UtcDateTime.Date; day <= until.UtcDateTime.Date; day = day.AddDays(1))
        {
            var dayPrefix = Prefix + day.ToString("yyyy/MM/dd/", CultureInfo.InvariantCulture);
            try
            {
                await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, dayPrefix, cancellationToken))
                {
                    if (!int.TryParse(item.Name.AsSpan(dayPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var hourOfDay) || hourOfDay > 23)
                    {
                        continue; // Not a tally's name.
                    }

                    var hour = new DateTimeOffset(day.AddHours(hourOfDay), TimeSpan.Zero);
                    if (hour >= firstHour && hour <= until)
                    {
                        await AddHourAsync(item.Name, hour, since, counts, cancellationToken);
                    }
                }
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                return counts; // No journey line was ever written.
            }
        }

        return counts;
    }

    private async Task AddHourAsync(string name, DateTimeOffset hour, DateTimeOffset since, Dictionary<DateTimeOffset, int> counts, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return; // Expired between the list and the read.
        }

        var bytes = content.ToMemory().Span;
        for (var i = 0; i + 1 < bytes.Length; i += 3)
        {
            var value = ((bytes[i] - '0') * 10) + (bytes[i + 1] - '0');
            if (!char.IsAsciiDigit((char)bytes[i]) || !char.IsAsciiDigit((char)bytes[i + 1]) || value > 59)
            {
                continue; // Not a line of this tally: skipped, never a failed overview.
            }

            var minute = hour.AddMinutes(value);
            if (minute >= since)
            {
                counts[minute] = counts.GetValueOrDefault(minute) + 1;
            }
        }
    }

    private static DateTimeOffset Hour(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
