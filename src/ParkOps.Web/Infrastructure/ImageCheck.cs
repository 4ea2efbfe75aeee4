using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using SkiaSharp;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// An uploaded image is what it decodes as, not what its first bytes claim: three bytes FF D8 FF, or a PNG signature
/// followed by HTML, pass a magic-number check and are not images. Every upload is decoded to its last row (Skia); the
/// content type stored and served is the decoded format's.
/// </summary>
public static class ImageCheck
{
    /// <summary>A 5 MB photo of more pixels than this is a decompression bomb, not a photo (a 48 MP phone photo passes).</summary>
    public const long MaxPixels = 64_000_000;
    public const int MaxSide = 20_000;
    /// <summary>JPEG and WebP are decoded scaled down to about this many pixels.</summary>
    private const long DecodePixels = 4_000_000;
    /// <summary>A format that cannot decode scaled (PNG) is decoded whole up to this many pixels.</summary>
    private const long FullDecodePixels = 16_000_000;

    /// <summary>The content type of a photo that decodes completely as JPEG, PNG or WebP; otherwise the rule's 422.</summary>
    public static string ContentType(byte[] bytes, string field = "file")
    {
        // size and signature first: cheap, and the same rules as before
        PhotoCheck.ContentType(bytes, field);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw NotAnImage(field);
        var type = TypeOf(codec.EncodedFormat) ?? throw NotAnImage(field);
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw NotAnImage(field);
        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
            throw new DomainRuleException("PhotoDimensionsTooLarge", field, "照片像素过多") { Arguments = [MaxSide, MaxPixels / 1_000_000] };
        if (!DecodesCompletely(codec, field)) throw NotAnImage(field);
        return type;
    }

    /// <summary>The content type of stored bytes by their format (header only), or null when they are no image we serve as one.</summary>
    public static string? FormatOf(byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec is null ? null : TypeOf(codec.EncodedFormat);
    }

    private static string? TypeOf(SKEncodedImageFormat f) => f switch
    {
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Webp => "image/webp",
        _ => null,
    };

    /// <summary>
    /// Decodes every pixel. JPEG and WebP decode scaled down (at most <see cref="DecodePixels"/>); a codec that cannot
    /// scale (PNG) decodes whole, up to <see cref="FullDecodePixels"/> (64 MB of pixels), beyond which it is refused.
    /// </summary>
    private static bool DecodesCompletely(SKCodec codec, string field)
    {
        var full = codec.Info;
        var pixels = (long)full.Width * full.Height;
        var wanted = pixels <= DecodePixels ? 1f : (float)Math.Sqrt((double)DecodePixels / pixels);
        var size = codec.GetScaledDimensions(wanted);
        if ((long)size.Width * size.Height > DecodePixels)
        {
            if (pixels > FullDecodePixels)
                throw new DomainRuleException("PhotoDimensionsTooLarge", field, "照片像素过多") { Arguments = [MaxSide, FullDecodePixels / 1_000_000] };
            size = new SKSizeI(full.Width, full.Height);
        }
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success;
    }

    private static DomainRuleException NotAnImage(string field) => new("PhotoMustBeJpegPngOrWebp", field, "照片须为 JPEG、PNG 或 WebP 格式");
}

public static class FileResponseExtensions
{
    /// <summary>
    /// A file answer says exactly what it is: <c>X-Content-Type-Options: nosniff</c>, so a browser never second-guesses
    /// the Content-Type (an upload that looks like HTML inside is not run as a page).
    /// </summary>
    public static TBuilder WithNoSniff<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            ctx.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return await next(ctx);
        });
}
