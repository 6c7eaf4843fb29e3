namespace CodatAlerts.Processing;

/// <summary>
/// The record changed under a claim this worker held (its lease ran out and another worker took the alert). A
/// transient failure: the message is retried and finds the record in whatever state the other worker left.
/// </summary>
public sealed class ClaimLostException : Exception
{
    public ClaimLostException()
    {
    }

    public ClaimLostException(string message)
        : base(message)
    {
    }

    public ClaimLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
