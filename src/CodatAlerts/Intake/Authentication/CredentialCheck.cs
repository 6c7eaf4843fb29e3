namespace CodatAlerts.Intake.Authentication;

/// <summary>The verdict of one credential method: passed, or the <see cref="AuthenticationReasons"/> code of its failure.</summary>
internal readonly record struct CredentialCheck(string? FailureReason)
{
    public static CredentialCheck Passed => default;

    public bool Succeeded => FailureReason is null;

    public static CredentialCheck Failed(string reason) => new(reason);
}
