using System.Text;
using Platform.Access;

namespace Platform.Host.Composition;

/// <summary>
/// The demo users' passwords (and authenticator secrets) exist only when they are made: they go to the console
/// and, when `./platform run` names one, to a file beside the database's data (mode 0600), never to the log or git.
/// </summary>
internal static class DemoCredentials
{
    public static void Announce(IReadOnlyList<DemoCredential> made, string? file)
    {
        if (made.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        text.AppendLine("Demo users (made now; passwords are not shown again unless kept in the credentials file):");
        foreach (var c in made)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {c.UserName,-11} {c.Role,-16} password {c.Password}");
            if (c.AuthenticatorKey is { } key)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"  authenticator secret {key}  (otpauth://totp/Platform:{c.UserName}?secret={key}&issuer=Platform&digits=6)");
            }

            text.AppendLine();
        }

        Console.Out.Write(text.ToString());
        if (!string.IsNullOrEmpty(file))
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(file, Encoding.UTF8, options);
            writer.Write(text.ToString());
        }
    }
}
