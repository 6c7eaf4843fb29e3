namespace CodatAlerts.Contract.Parsing;

/// <summary>Receives a <see cref="ParsedAlert"/> with its alert type as a type argument.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IParsedAlertVisitor<out TResult>
{
    TResult Visit<TAlert>(ParsedAlert<TAlert> alert)
        where TAlert : class;
}
