using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

public sealed class CsvTableTests
{
    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var csv = CsvTable.Parse("\uFEFFDistorted , source,codec\r\n\"a, b.mkv\",\"say \"\"hi\"\"\",\"x\r\n264\"\r\nplain , s ,  \"q\"\r\n\r\n", "t.csv");

        Assert.Equal(["Distorted", "source", "codec"], csv.Header);
        Assert.Equal(0, csv.ColumnIndex("distorted"));
        Assert.Equal(2, csv.Rows.Count);
        Assert.Equal(["a, b.mkv", "say \"hi\"", "x\r\n264"], csv.Rows[0].Fields);
        Assert.Equal(["plain", "s", "q"], csv.Rows[1].Fields);
        Assert.Equal(4, csv.Rows[1].Line);
    }

    [Fact]
    public void A_last_row_without_a_line_break_is_read()
    {
        var csv = CsvTable.Parse("a,b\n1,2", "t.csv");
        Assert.Equal(["1", "2"], Assert.Single(csv.Rows).Fields);
    }

    [Fact]
    public void Rows_with_the_wrong_number_of_fields_are_named_by_line()
    {
        var error = Assert.Throws<CorpusImportException>(() => CsvTable.Parse("a,b\n1,2\n1\n1,2,3\n", "t.csv"));
        Assert.Equal(["t.csv, line 3: 1 fields where the header has 2", "t.csv, line 4: 3 fields where the header has 2"], error.Problems);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_its_line()
    {
        var error = Assert.Throws<CorpusImportException>(() => CsvTable.Parse("a,b\n1,\"2\n3,4\n", "t.csv"));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
