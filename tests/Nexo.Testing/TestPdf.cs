using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Nexo.Testing;

/// <summary>PDFs made by the tests (PdfPig's writer with the standard Helvetica font): one page per string.</summary>
public static class TestPdf
{
    /// <summary>The bytes of a PDF whose page N shows <paramref name="pages"/>[N-1] as one line of text.</summary>
    /// <param name="pages">The text of each page.</param>
    public static byte[] Create(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(text, 12, new PdfPoint(50, 700), font);
        }

        return builder.Build();
    }

    /// <summary>Writes a PDF (see <see cref="Create"/>) to a new temporary file named <paramref name="fileName"/> and returns its path.</summary>
    /// <param name="fileName">The file name, for example <c>report.pdf</c>.</param>
    /// <param name="pages">The text of each page.</param>
    public static string WriteTemp(string fileName, params string[] pages)
    {
        var folder = Directory.CreateTempSubdirectory("nexo-pdf").FullName;
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, Create(pages));
        return path;
    }
}
