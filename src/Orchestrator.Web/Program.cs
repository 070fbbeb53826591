using Orchestrator.Web.Setup;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate(args) });
builder.AddOrchestrator();

var app = builder.Build();
await app.InitializeOrchestratorAsync();
app.UseOrchestrator();
app.Run();

public partial class Program;
