namespace CodatAlerts.Operations.Background;

/// <summary>A step of an operation could not be done now (storage failed, another invocation holds it): the message comes back to resume it.</summary>
public sealed class OperationStepFailedException : Exception
{
    public OperationStepFailedException()
    {
    }

    public OperationStepFailedException(string message)
        : base(message)
    {
    }

    public OperationStepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
