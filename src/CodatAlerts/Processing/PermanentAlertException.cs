namespace CodatAlerts.Processing;

/// <summary>
/// A failure that no retry can cure (an unreadable envelope, an unknown envelope version, a payload that cannot be
/// parsed for its rule type). The processor sends the message straight to its poison queue with this reason.
/// </summary>
public sealed class PermanentAlertException : Exception
{
    public PermanentAlertException()
    {
    }

    public PermanentAlertException(string message)
        : base(message)
    {
    }

    public PermanentAlertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
