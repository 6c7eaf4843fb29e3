namespace CodatAlerts.Intake.Authentication;

/// <summary>
/// Whose secret verified a Standard Webhooks signature: the index of its owner, or the
/// <see cref="AuthenticationReasons"/> code of the failure.
/// </summary>
/// <param name="FailureReason">Null when exactly one owner's secret verified.</param>
/// <param name="Owner">The owner whose secret verified; <see cref="NoOwner"/> on failure.</param>
/// <param name="SecretsChecked">How many secrets a MAC was computed for: all of them whenever the headers were sound,
/// whichever matched, so that the time taken does not tell which client (or whether any) verified.</param>
internal readonly record struct SignatureMatch(string? FailureReason, int Owner, int SecretsChecked)
{
    public const int NoOwner = -1;

    public bool Succeeded => FailureReason is null;

    public static SignatureMatch Failed(string reason, int secretsChecked = 0) => new(reason, NoOwner, secretsChecked);
}
