using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Cluster;

namespace Orchestrator.Integration.Tests.Agents;

public sealed class DrainPeersTests
{
    private sealed class Signals : IClusterSignals
    {
        public Guid Instance { get; } = Guid.NewGuid();
        public List<ClusterSignal> Sent { get; } = [];
        public event Action<ClusterSignal, Guid>? Received;
        public Task SendAsync(ClusterSignal signal, CancellationToken ct = default) { Sent.Add(signal); return Task.CompletedTask; }
        public void Hear(ClusterSignal signal, Guid from) => Received?.Invoke(signal, from);
    }

    private static AgentProfile Agent(int cap) =>
        AgentProfile.Create("a", "Agent", AgentKind.Simulated, "sim", "1", 0m, 0m, cap, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Drains_heard_lately_split_each_agents_cap_rounded_up_and_one_that_falls_silent_drops_out()
    {
        var clock = new FakeTimeProvider();
        var signals = new Signals();
        var peers = new DrainPeers(signals, clock);
        Assert.Equal((1, 5), (peers.Count, peers.ShareOf(Agent(5))));

        var other = Guid.NewGuid();
        signals.Hear(ClusterSignal.Draining, other);
        signals.Hear(ClusterSignal.Draining, Guid.NewGuid());
        Assert.Equal((3, 2, 22), (peers.Count, peers.ShareOf(Agent(5)), peers.ShareOf(Agent(64))));

        clock.Advance(TimeSpan.FromSeconds(2));
        signals.Hear(ClusterSignal.Draining, other);
        clock.Advance(DrainPeers.Timeout - TimeSpan.FromSeconds(1));
        Assert.Equal(2, peers.Count); // the silent one is gone, the one heard again stays
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, peers.Count);
    }

    [Fact]
    public async Task Announcements_and_work_notices_go_out_at_most_once_a_second_each_and_notices_from_others_are_raised()
    {
        var clock = new FakeTimeProvider();
        var signals = new Signals();
        var peers = new DrainPeers(signals, clock);
        var raised = 0;
        peers.WorkWaitingElsewhere += () => raised++;

        await peers.AnnounceAsync(default);
        await peers.AnnounceAsync(default);
        await peers.TellWorkWaitingAsync(default);
        await peers.TellWorkWaitingAsync(default);
        clock.Advance(DrainPeers.AnnounceEvery);
        await peers.AnnounceAsync(default);
        Assert.Equal([ClusterSignal.Draining, ClusterSignal.AgentWorkWaiting, ClusterSignal.Draining], signals.Sent);

        signals.Hear(ClusterSignal.AgentWorkWaiting, Guid.NewGuid());
        Assert.Equal(1, raised);
        Assert.Equal(1, peers.Count); // a notice is not a drain
    }
}
