namespace CodatAlerts.Queueing;

/// <summary>An envelope cannot fit a queue message even with its body in a claim-check blob.</summary>
public sealed class EnvelopeTooLargeException : Exception
{
    public EnvelopeTooLargeException()
    {
    }

    public EnvelopeTooLargeException(string message)
        : base(message)
    {
    }

    public EnvelopeTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
