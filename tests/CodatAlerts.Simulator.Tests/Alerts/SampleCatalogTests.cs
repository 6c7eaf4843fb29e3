using CodatAlerts.Simulator.Alerts;

namespace CodatAlerts.Simulator.Tests.Alerts;

public sealed class SampleCatalogTests
{
    [Fact]
    public void The_tool_embeds_the_fourteen_legacy_rule_types_and_the_event_envelopes()
    {
        // Arrange
        var samples = SampleCatalog.All;

        // Act
        var legacy = samples.Where(s => s.Shape == AlertShape.Legacy).Select(s => s.RuleType).ToList();
        var events = samples.Where(s => s.Shape == AlertShape.Event).Select(s => s.RuleType).ToList();

        // Assert
        Assert.Equal(14, legacy.Count);
        Assert.Contains("New company synchronised", legacy);
        Assert.Contains("Push Operation Status Changed()", legacy);
        Assert.Contains("read.completed", events);
        Assert.Contains("company.created", events); // carries "type" instead of "eventType"
        Assert.Equal(Directory.GetFiles(SamplesFolder("events"), "*.json").Length, events.Count);
        Assert.Equal(Directory.GetFiles(SamplesFolder("legacy"), "*.json").Length, legacy.Count);
    }

    [Theory]
    [InlineData("data sync completed", "Data sync completed")]
    [InlineData("03-data-sync-completed", "Data sync completed")]
    [InlineData("READ.COMPLETED", "read.completed")]
    public void A_rule_type_is_selected_by_its_name_or_sample_name_in_any_case(string selector, string expected)
    {
        // Arrange
        string[] selectors = [selector];

        // Act
        var selected = SampleCatalog.Select(selectors);

        // Assert
        Assert.Equal(expected, Assert.Single(selected).RuleType);
    }

    [Fact]
    public void An_unknown_rule_type_is_reported()
    {
        // Arrange
        string[] selectors = ["Data sync completed", "Invoice paid"];

        // Act
        var unknown = SampleCatalog.Unknown(selectors);

        // Assert
        Assert.Equal(["Invoice paid"], unknown);
        Assert.Throws<ArgumentException>(() => SampleCatalog.Select(selectors));
    }

    private static string SamplesFolder(string shape)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "samples", "codat")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "samples", "codat", shape);
    }
}
