namespace CodatAlerts.Records;

/// <summary>The order of a record list.</summary>
public enum RecordOrder
{
    /// <summary>By record name (client, then dedup key): the blob index's own order, one index call per page.</summary>
    Name,

    /// <summary>Newest receipt first: the index is read window by window backwards in time, each window sorted here.</summary>
    Newest,
}
