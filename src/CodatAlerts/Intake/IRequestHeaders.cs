namespace CodatAlerts.Intake;

/// <summary>Read access to the headers of an incoming request, without tying the library to a web framework.</summary>
public interface IRequestHeaders
{
    /// <summary>The values of header <paramref name="name"/> (case-insensitive); empty when it is absent.</summary>
    IReadOnlyList<string> GetValues(string name);
}
