using System.Security.Cryptography;
using System.Text;

namespace Nexo.Security;

/// <summary>
/// Encrypts secrets with AES-256-GCM before they reach the database. Each value is bound to its column and row
/// (associated data), so an encrypted value copied to another row does not decrypt.
/// Stored form: <c>v1:</c> + base64(nonce[12] | tag[16] | ciphertext).
/// </summary>
internal sealed class SecretProtector
{
    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretProtector(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new NexoException(NexoErrorKind.Security, $"The encryption key must be 32 bytes (256 bits); got {key.Length}.");
        }

        _key = (byte[])key.Clone();
    }

    public string Protect(string plaintext, string purpose)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        CryptographicOperations.ZeroMemory(data);
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Whether <paramref name="stored"/> decrypts with this key (used to test a key against stored secrets).</summary>
    public bool CanUnprotect(string stored, string purpose)
    {
        try
        {
            Unprotect(stored, purpose);
            return true;
        }
        catch (NexoException)
        {
            return false;
        }
    }

    public string Unprotect(string stored, string purpose)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new NexoException(NexoErrorKind.Security, $"A stored secret ({purpose}) has an unknown format.");
        }

        byte[] input;
        try
        {
            input = Convert.FromBase64String(stored[Prefix.Length..]);
        }
        catch (FormatException ex)
        {
            throw new NexoException(NexoErrorKind.Security, $"A stored secret ({purpose}) is damaged.", ex);
        }

        if (input.Length < NonceSize + TagSize)
        {
            throw new NexoException(NexoErrorKind.Security, $"A stored secret ({purpose}) is damaged.");
        }

        var plaintext = new byte[input.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (CryptographicException ex)
        {
            throw new NexoException(
                NexoErrorKind.Security,
                $"A stored secret ({purpose}) cannot be decrypted: the key file does not match the database. Restore the original nexo.key or enter the secret again.",
                ex);
        }

        return Encoding.UTF8.GetString(plaintext);
    }
}
