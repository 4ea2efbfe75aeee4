using QRCoder;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The QR code of a unit's link, drawn by QRCoder (a maintained encoder) as inline SVG for screen and print.</summary>
public static class QrImage
{
    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        // level M: survives a scuffed sticker on a factory door
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(256, 256), "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg;
    }
}
