using System.Text;

namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// A JSON path as System.Text.Json writes it in <see cref="System.Text.Json.JsonException.Path"/>: <c>$</c>, then
/// <c>.name</c>, <c>['name']</c> or <c>[index]</c> per step.
/// </summary>
internal sealed class JsonValuePath
{
    private JsonValuePath(IReadOnlyList<Segment> segments) => Segments = segments;

    /// <summary>One step: a property name, or an array index when <see cref="Name"/> is null.</summary>
    public readonly record struct Segment(string? Name, int Index);

    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>The path one step up, or null at the root.</summary>
    public JsonValuePath? Parent => Segments.Count > 1 ? new JsonValuePath(Segments.Take(Segments.Count - 1).ToArray()) : null;

    /// <summary>The path of the outermost array the path passes through (the steps before its first index), if any.</summary>
    public JsonValuePath? OutermostArray
    {
        get
        {
            var firstIndex = Segments.ToList().FindIndex(s => s.Name is null);
            return firstIndex > 0 ? new JsonValuePath(Segments.Take(firstIndex).ToArray()) : null;
        }
    }

    /// <summary>The top-level property the path starts with, if it starts with one.</summary>
    public string? TopLevelProperty => Segments is [{ Name: { } name }, ..] ? name : null;

    public static bool TryParse(string? path, out JsonValuePath parsed)
    {
        parsed = new JsonValuePath([]);
        if (path is null || !path.StartsWith('$'))
        {
            return false;
        }

        var segments = new List<Segment>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    return false;
                }

                segments.Add(new Segment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }

                segments.Add(new Segment(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) || index < 0)
                {
                    return false;
                }

                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else
            {
                return false;
            }
        }

        parsed = new JsonValuePath(segments);
        return segments.Count > 0;
    }

    public override string ToString()
    {
        var text = new StringBuilder("$");
        foreach (var segment in Segments)
        {
            _ = segment.Name is { } name ? text.Append('.').Append(name) : text.Append('[').Append(segment.Index).Append(']');
        }

        return text.ToString();
    }
}
