using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Workflows.Persistence;

namespace Platform.Workflows.Outbox;

/// <summary>An event a step emitted, as another module receives it (at least once: handlers must be idempotent).</summary>
public sealed record WorkflowEvent(long Id, Guid InstanceId, int Revision, string Type, string Payload);

/// <summary>A module's reaction to workflow events (a place freed, a referral accepted). Delivered after the step's commit, at least once.</summary>
public interface IWorkflowEventHandler
{
    bool Handles(string type);

    Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken ct);
}

/// <summary>Wakes the outbox loop as soon as a step with events commits, so delivery does not wait for the next poll.</summary>
internal sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Poke() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the poll interval passed
        }
    }
}

/// <summary>
/// Delivers outbox rows to the handlers outside any grain's turn (a handler may call other grains, even fire
/// triggers on other instances, without deadlocking the one that emitted). Rows are locked with SKIP LOCKED,
/// so two hosts share the work; a row is deleted in the same transaction once every handler took it.
/// </summary>
internal sealed partial class WorkflowOutboxWorker(
    WorkflowsDatabase database, OutboxSignal signal, IServiceScopeFactory scopes, ILogger<WorkflowOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverBatchAsync(stoppingToken) > 0)
                {
                }
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    internal async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        await using var connection = await database.Source.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var events = new List<WorkflowEvent>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, instance_id, revision, type, payload::text FROM workflows.outbox ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                events.Add(new WorkflowEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
            }
        }
        if (events.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var handlers = scope.ServiceProvider.GetServices<IWorkflowEventHandler>().ToList();
        var delivered = new List<long>();
        var failed = new List<long>();
        foreach (var e in events)
        {
            try
            {
                foreach (var handler in handlers.Where(h => h.Handles(e.Type)))
                {
                    await handler.HandleAsync(e, ct);
                }
                delivered.Add(e.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed.Add(e.Id);
                LogDeliveryFailed(logger, e.Id, e.Type, ex.GetType().Name);
            }
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM workflows.outbox WHERE id = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = delivered.ToArray() });
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using (var bump = new NpgsqlCommand("UPDATE workflows.outbox SET attempts = attempts + 1 WHERE id = ANY($1)", connection, transaction))
        {
            bump.Parameters.Add(new NpgsqlParameter { Value = failed.ToArray() });
            await bump.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        // failed rows wait for the next poll instead of spinning
        return failed.Count > 0 ? 0 : delivered.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow outbox loop failed ({ExceptionType}); retrying")]
    private static partial void LogLoopFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow event {EventId} ({Type}) not delivered ({ExceptionType}); it will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, long eventId, string type, string exceptionType);
}
