using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Tests.Components;

public class VersionLabelTests
{
    [Theory]
    [InlineData("1.0", "v1.0")]
    [InlineData("3", "v3")]
    [InlineData("untrained", "untrained")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Of_PrefixesNumberedVersionsOnly(string? version, string label) => Assert.Equal(label, VersionLabel.Of(version));
}
