namespace CodatAlerts.Contract.Parsing;

/// <summary>
/// A body that cannot be read as the alert type of its rule type. The message says where and why (a JSON path and
/// position), never quoting the body.
/// </summary>
public sealed class AlertFormatException : Exception
{
    public AlertFormatException()
    {
    }

    public AlertFormatException(string message)
        : base(message)
    {
    }

    public AlertFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
