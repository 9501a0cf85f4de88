using Platform.BuildingBlocks.Errors;

namespace Platform.Host.Web;

/// <summary>
/// A form's sending state: busy while its command runs, and the refusal to show under it afterwards. What was typed
/// stays in the form on a refusal; the caller clears it only when <see cref="RunAsync"/> says the command went through.
/// </summary>
internal sealed class FormSubmission
{
    public bool Busy { get; private set; }

    public string? Error { get; private set; }

    /// <returns>Whether the command went through (false: <see cref="Error"/> says why, in the page's language).</returns>
    public async Task<bool> RunAsync(Func<Task> send)
    {
        (Error, Busy) = (null, true);
        try
        {
            await send();
            return true;
        }
        catch (PlatformException ex)
        {
            Error = Problems.Describe(ex);
            return false;
        }
        finally
        {
            Busy = false;
        }
    }
}
