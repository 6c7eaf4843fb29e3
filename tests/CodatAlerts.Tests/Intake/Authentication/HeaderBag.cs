using CodatAlerts.Intake;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>Request headers for tests: names case-insensitive, a name may repeat.</summary>
internal sealed class HeaderBag : IRequestHeaders
{
    private readonly Dictionary<string, List<string>> _headers = new(StringComparer.OrdinalIgnoreCase);

    public HeaderBag With(string name, string value)
    {
        if (!_headers.TryGetValue(name, out var values))
            _headers[name] = values = [];
        values.Add(value);
        return this;
    }

    public HeaderBag Without(string name)
    {
        _headers.Remove(name);
        return this;
    }

    public IReadOnlyList<string> GetValues(string name) => _headers.TryGetValue(name, out var values) ? values : [];
}
