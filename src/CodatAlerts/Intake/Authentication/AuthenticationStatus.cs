namespace CodatAlerts.Intake.Authentication;

/// <summary>The outcome classes of authentication, each with its own HTTP status.</summary>
public enum AuthenticationStatus
{
    /// <summary>The credentials match.</summary>
    Authenticated,

    /// <summary>401: credentials missing, wrong, or none configured (fail closed).</summary>
    Unauthenticated,

    /// <summary>403: the client ID is neither listed nor covered by a default entry.</summary>
    Forbidden,
}
