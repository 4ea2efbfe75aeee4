using ParkOps.Domain.Rules;

namespace ParkOps.Domain.ServiceDesk;

/// <summary>
/// Photos on tickets and comments are judged by their bytes, never by the name or the type the client claims:
/// JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A) or WebP (RIFF....WEBP), at most <see cref="MaxBytes"/>.
/// </summary>
public static class PhotoCheck
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxPerTicket = 12;

    /// <summary>The content type the bytes really are, or a 422 naming the rule.</summary>
    public static string ContentType(ReadOnlySpan<byte> b, string field = "photo")
    {
        if (b.Length == 0)
            throw new DomainRuleException("PhotoMustNotBeEmpty", field, "照片为空");
        if (b.Length > MaxBytes)
            throw new DomainRuleException("PhotoTooLarge", field, "照片超过大小上限") { Arguments = [MaxBytes / 1024 / 1024] };
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
        if (b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        throw new DomainRuleException("PhotoMustBeJpegPngOrWebp", field, "照片须为 JPEG、PNG 或 WebP 格式");
    }
}
