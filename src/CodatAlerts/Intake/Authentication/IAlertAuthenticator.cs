namespace CodatAlerts.Intake.Authentication;

/// <summary>Authenticates a request as coming from Codat for the client it names.</summary>
public interface IAlertAuthenticator
{
    /// <summary>
    /// Checks the request's credentials against those configured for <paramref name="clientId"/>; without it, finds the
    /// client by the signing secret that verifies a signed delivery (<see cref="AuthenticationResult.ClientId"/>,
    /// <see cref="AuthenticationResult.ClientIdSource"/>). Thread-safe; never throws for anything a sender can put in
    /// the request.
    /// </summary>
    /// <param name="clientId">The <c>X-Codat-ClientId</c> header, untrusted until the credentials match; null when absent.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body exactly as received (signatures cover it).</param>
    AuthenticationResult Authenticate(string? clientId, IRequestHeaders headers, ReadOnlySpan<byte> body);
}
