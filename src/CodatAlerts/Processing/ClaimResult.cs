namespace CodatAlerts.Processing;

/// <summary>The answer of <see cref="AlertRecordStore.ClaimAsync"/>.</summary>
/// <param name="Status">Whether this worker got the alert.</param>
/// <param name="Claim">The claim, when <see cref="ClaimStatus.Claimed"/>.</param>
/// <param name="Existing">The record found in the way (a duplicate's, a live holder's, or the one taken over); null for a first claim.</param>
public sealed record ClaimResult(ClaimStatus Status, AlertClaim? Claim, AlertRecord? Existing)
{
    /// <summary>Whether the claim took over a record that already existed (released, expired, or this message's own earlier attempt).</summary>
    public bool TookOver => Status == ClaimStatus.Claimed && Existing is not null;
}
