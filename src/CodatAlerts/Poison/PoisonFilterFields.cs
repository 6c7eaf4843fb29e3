using System.Text.Json;
using CodatAlerts.Operations;
using CodatAlerts.Queueing;

namespace CodatAlerts.Poison;

/// <summary>
/// The fields a poison filter body shares between a replay and a close (<c>partition</c>, <c>clientId</c>,
/// <c>ruleType</c>, <c>since</c>, <c>until</c>, <c>dryRun</c>), read one at a time through <see cref="JsonFilterBody"/>.
/// </summary>
internal sealed class PoisonFilterFields
{
    /// <summary>What the shared fields accept, for the error of a field that does not read.</summary>
    public static readonly string Expected = $"partition 0–{AlertPartitions.Count - 1}, times ISO 8601 with an offset, dryRun true or false, no empty text";

    public int? Partition { get; private set; }

    public string? ClientId { get; private set; }

    public string? RuleType { get; private set; }

    public DateTimeOffset? Since { get; private set; }

    public DateTimeOffset? Until { get; private set; }

    /// <summary>A dry run unless the body says otherwise.</summary>
    public bool DryRun { get; private set; } = true;

    /// <summary>Whether the window, when both ends are given, is empty.</summary>
    public bool WindowIsEmpty => Since is { } from && Until is { } to && to <= from;

    /// <summary>Takes the field when it is one of the shared ones and its value reads; false otherwise.</summary>
    public bool TryRead(string name, JsonElement value)
    {
        switch (name)
        {
            case "partition" when value.TryGetInt32(out var p) && p >= 0 && p < AlertPartitions.Count:
                Partition = p;
                return true;
            case "clientId" when JsonFilterBody.Text(value) is { } client:
                ClientId = client;
                return true;
            case "ruleType" when JsonFilterBody.Text(value) is { } ruleType:
                RuleType = ruleType;
                return true;
            case "since" when JsonFilterBody.Time(value) is { } since:
                Since = since;
                return true;
            case "until" when JsonFilterBody.Time(value) is { } until:
                Until = until;
                return true;
            case "dryRun" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                DryRun = value.GetBoolean();
                return true;
            default:
                return false;
        }
    }
}
