namespace Orchestrator.E2E.Tests.Pages;

/// <summary>The signed-in home page: a card per area the role may use.</summary>
public sealed class HomePage(IPage page)
{
    public ILocator SignedInAs => page.GetByTestId("signed-in-as");
    public ILocator Card(string testId) => page.GetByTestId(testId);
}
