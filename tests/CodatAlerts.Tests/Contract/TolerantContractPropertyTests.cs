using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CodatAlerts.Contract;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.Tests.Contract;

/// <summary>
/// The tolerant contract, as a property over every typed field of every rule type: a value of the wrong type, format
/// or range leaves that field unset, is kept byte-exact under its path, and changes nothing else. The oracle is the
/// same body without the field (or without the list element, or the map entry), parsed by the same contract.
/// </summary>
public sealed class TolerantContractPropertyTests
{
    // The keys that identify or route an alert stay strict (see AlertParser); every other field is fed wrong values.
    private static readonly HashSet<string> IdentifyingKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "AlertId", "RuleType", "Type", "id", "eventType",
    };

    public static TheoryData<string> RuleTypeNames => new(RuleTypes.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(RuleTypeNames))]
    public void Every_typed_field_fed_a_value_that_does_not_fit_is_kept_raw_and_nothing_else_changes(string ruleTypeName)
    {
        // Arrange
        var (body, match, shape) = BaseBody(RuleTypes.All.Single(t => t.Name == ruleTypeName));
        var typeInfo = CodatJsonContext.Default.GetTypeInfo(AlertContracts.For(match.RuleType)!.AlertType)!;
        var cases = Cases(typeInfo, []).ToList();
        Assert.NotEmpty(cases);

        foreach (var (path, wrong) in cases)
        {
            var fed = body.DeepClone().AsObject();
            var named = Set(fed, path, wrong.DeepClone());
            var oracle = fed.DeepClone().AsObject();
            Remove(oracle, named);

            // Act
            var parsed = AlertParser.Parse(match, shape, Encoding.UTF8.GetBytes(fed.ToJsonString()));
            var expected = AlertParser.Parse(match, shape, Encoding.UTF8.GetBytes(oracle.ToJsonString()));

            // Assert
            var where = $"{ruleTypeName} {PathText(named)} = {wrong.ToJsonString()}";
            Assert.True(expected.UnreadableFields.Count == 0, where);
            var field = Assert.Single(parsed.UnreadableFields);
            Assert.True(PathText(named) == field.Path, $"{where}: kept under {field.Path}");
            Assert.True(JsonNode.DeepEquals(wrong, JsonNode.Parse(field.RawJson.Span)), where);
            Assert.True(Serialized(expected, typeInfo) == Serialized(parsed, typeInfo), $"{where}: another field changed");
        }
    }

    /// <summary>Each typed field under <paramref name="prefix"/>, with every wrong value for its type.</summary>
    private static IEnumerable<(IReadOnlyList<object> Path, JsonNode Wrong)> Cases(JsonTypeInfo typeInfo, IReadOnlyList<object> prefix)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.IsExtensionData || (prefix.Count == 0 && IdentifyingKeys.Contains(property.Name)))
            {
                continue;
            }

            IReadOnlyList<object> path = [.. prefix, property.Name];
            foreach (var @case in FieldCases(property.PropertyType, path))
            {
                yield return @case;
            }
        }
    }

    private static IEnumerable<(IReadOnlyList<object> Path, JsonNode Wrong)> FieldCases(Type type, IReadOnlyList<object> path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        foreach (var wrong in WrongValues(underlying))
        {
            yield return (path, wrong);
        }

        if (path.Count > 6)
        {
            yield break;
        }

        if (DictionaryValueType(underlying) is { } valueType)
        {
            // A map entry that does not fit: its key is the path step, and the entry alone is set aside.
            foreach (var @case in FieldCases(valueType, [.. path, "k"]).Where(c => c.Path.Count == path.Count + 1))
            {
                yield return @case;
            }
        }
        else if (ElementType(underlying) is { } elementType)
        {
            // An element that does not fit is taken out of its list; the elements' own fields are fed as well.
            foreach (var @case in FieldCases(elementType, [.. path, 0]))
            {
                yield return @case;
            }
        }
        else if (IsObject(underlying))
        {
            foreach (var @case in Cases(CodatJsonContext.Default.GetTypeInfo(underlying)!, path))
            {
                yield return @case;
            }
        }
    }

    private static IEnumerable<JsonNode> WrongValues(Type type)
    {
        JsonNode[] shapes = [new JsonObject(), new JsonArray(), JsonValue.Create(true)];
        return type switch
        {
            // A JsonElement takes any value: nothing can fail to fit it.
            _ when type == typeof(JsonElement) => [],
            _ when type == typeof(string) => [JsonValue.Create(12), .. shapes],
            _ when type == typeof(int) => [JsonValue.Create("twelve"), JsonValue.Create(1.5), JsonNode.Parse("2147483648")!, .. shapes],
            _ when type == typeof(long) => [JsonValue.Create("twelve"), JsonNode.Parse("9223372036854775808")!, .. shapes],
            _ when type == typeof(decimal) || type == typeof(double) => [JsonValue.Create("twelve"), .. shapes],
            _ when type == typeof(bool) => [JsonValue.Create("yes"), JsonValue.Create(1), new JsonObject(), new JsonArray()],
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) =>
                [JsonValue.Create("yesterday"), JsonValue.Create("2024-13-45T00:00:00Z"), JsonValue.Create(20240101), .. shapes],
            _ when DictionaryValueType(type) is not null => [JsonValue.Create("x"), new JsonArray(), JsonValue.Create(1)],
            _ when ElementType(type) is not null => [JsonValue.Create("x"), new JsonObject(), JsonValue.Create(1)],
            _ when IsObject(type) => [JsonValue.Create("x"), JsonValue.Create(1), new JsonArray(), JsonValue.Create(true)],
            _ => throw new InvalidOperationException($"No wrong values for {type}: add them, so the property test covers it."),
        };
    }

    private static bool IsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) ? type.GetGenericArguments()[1] : null;

    /// <summary>A real sample of the rule type where one exists, else the smallest body of its shape.</summary>
    private static (JsonObject Body, RuleTypeMatch Match, AlertShape Shape) BaseBody(RuleType ruleType)
    {
        foreach (var (_, sample) in CodatSamples.All)
        {
            var classification = Bodies.Classify(sample);
            if (classification.Match?.RuleType == ruleType)
            {
                return (JsonNode.Parse(sample)!.AsObject(), classification.Match, classification.Shape);
            }
        }

        var body = ruleType.Shape == AlertShape.Legacy
            ? new JsonObject { ["RuleType"] = ruleType.Name, ["AlertId"] = "a1", ["Data"] = new JsonObject() }
            : new JsonObject { ["id"] = "e1", ["eventType"] = ruleType.Name.Replace("{dataType}", "invoices", StringComparison.Ordinal), ["payload"] = new JsonObject() };
        var match = Bodies.Classify(body.ToJsonString());
        return (body, match.Match!, match.Shape);
    }

    /// <summary>
    /// Sets the value at <paramref name="path"/>, making the containers on the way; a property already in the body
    /// under another casing keeps its casing (the contracts read names without regard to case). Returns the path as
    /// named in the body.
    /// </summary>
    private static List<object> Set(JsonObject root, IReadOnlyList<object> path, JsonNode value)
    {
        var named = new List<object>();
        JsonNode node = root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            var next = last ? value : path[i + 1] is int ? new JsonArray() : (JsonNode)new JsonObject();
            if (path[i] is int)
            {
                var array = node.AsArray();
                if (array.Count == 0 || last || array[0] is not JsonObject)
                {
                    array.Clear();
                    array.Add(next);
                }

                named.Add(0);
                node = array[0]!;
                continue;
            }

            var obj = node.AsObject();
            var name = obj.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, (string)path[i], StringComparison.OrdinalIgnoreCase)) ?? (string)path[i];
            if (last || obj[name] is null || (obj[name] is JsonArray) != (next is JsonArray) || obj[name] is JsonValue)
            {
                obj[name] = next;
            }

            named.Add(name);
            node = obj[name]!;
        }

        return named;
    }

    private static void Remove(JsonObject root, List<object> path)
    {
        JsonNode parent = root;
        foreach (var step in path.Take(path.Count - 1))
        {
            parent = step is int index ? parent.AsArray()[index]! : parent.AsObject()[(string)step]!;
        }

        if (path[^1] is int element)
        {
            parent.AsArray().RemoveAt(element);
        }
        else
        {
            parent.AsObject().Remove((string)path[^1]);
        }
    }

    private static string PathText(List<object> path) =>
        "$" + string.Concat(path.Select(step => step is int index ? $"[{index}]" : $".{step}"));

    private static string Serialized(ParsedAlert parsed, JsonTypeInfo typeInfo) =>
        JsonSerializer.Serialize(Bodies.AlertOf(parsed), typeInfo);
}
