namespace CodatAlerts.Operations.Background;

/// <summary>The status blob changed under a checkpoint: another invocation runs the operation now, so this one stops.</summary>
public sealed class OperationLostException : Exception
{
    public OperationLostException()
        : base("The operation's status changed under this invocation.")
    {
    }

    public OperationLostException(string message)
        : base(message)
    {
    }

    public OperationLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
