namespace CodatAlerts.Queueing;

/// <summary>A queue message that is not an alert envelope this code can read: a permanent failure, never retried.</summary>
public sealed class EnvelopeFormatException : Exception
{
    public EnvelopeFormatException()
    {
    }

    public EnvelopeFormatException(string message)
        : base(message)
    {
    }

    public EnvelopeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
