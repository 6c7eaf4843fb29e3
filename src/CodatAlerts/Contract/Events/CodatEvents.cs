namespace CodatAlerts.Contract.Events;

// One alert type per event type of the signed service (reference §3), grouped by area. Templated types are one
// family each: the data type of "invoices.write.successful" or the report of
// "reports.creditModel.generate.successful" is the qualifier on the alert's context.

public sealed record CompanyCreatedEvent : CodatEvent<CompanyPayload>;

public sealed record CompanyDeletedEvent : CodatEvent<CompanyPayload>;

public sealed record CompanyProductAddedEvent : CodatEvent<CompanyProductPayload>;

public sealed record CompanyProductRemovedEvent : CodatEvent<CompanyProductPayload>;

public sealed record ConnectionCreatedEvent : CodatEvent<ConnectionPayload>;

public sealed record ConnectionConnectedEvent : CodatEvent<ConnectionPayload>;

public sealed record ConnectionDisconnectedEvent : CodatEvent<ConnectionPayload>;

public sealed record ConnectionReconnectedEvent : CodatEvent<ConnectionPayload>;

public sealed record ConnectionFailedEvent : CodatEvent<ConnectionPayload>;

public sealed record ConnectionDeletedEvent : CodatEvent<ConnectionPayload>;

public sealed record ReadCompletedEvent : CodatEvent<ReadCompletedPayload>;

public sealed record ReadCompletedInitialEvent : CodatEvent<ReadCompletedPayload>;

/// <summary><c>{dataType}.write.successful</c>.</summary>
public sealed record WriteSuccessfulEvent : CodatEvent<WritePayload>;

/// <summary><c>{dataType}.write.unsuccessful</c>.</summary>
public sealed record WriteUnsuccessfulEvent : CodatEvent<WritePayload>;

public sealed record ClientRateLimitReachedEvent : CodatEvent<RateLimitPayload>;

public sealed record ClientRateLimitResetEvent : CodatEvent<RateLimitPayload>;

public sealed record BankFeedSourceAccountConnectedEvent : CodatEvent<BankFeedSourceAccountPayload>;

public sealed record BankFeedSourceAccountDisconnectedEvent : CodatEvent<BankFeedSourceAccountPayload>;

public sealed record ExpensesSyncSuccessfulEvent : CodatEvent<ExpensesSyncPayload>;

public sealed record ExpensesSyncUnsuccessfulEvent : CodatEvent<ExpensesSyncPayload>;

/// <summary><c>reports.{report}.generate.successful</c>.</summary>
public sealed record ReportGenerateSuccessfulEvent : CodatEvent<ReportPayload>;

/// <summary><c>reports.{report}.generate.unsuccessful</c>.</summary>
public sealed record ReportGenerateUnsuccessfulEvent : CodatEvent<ReportPayload>;
