using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Datasets;

namespace TinyVmaf.Corpus.Tests.Datasets;

public sealed class NetflixScoresTests
{
    /// <summary>The shape of NFLX_dataset_public.py: references scored against themselves under ref_dir, distortions under dis_dir.</summary>
    internal const string DmosFile = """
        dataset_name = 'NFLX_public'
        yuv_fmt = 'yuv420p'
        width = 1920
        height = 1080

        ref_dir = '[path to dataset videos]/ref'
        dis_dir = '[path to dataset videos]/dis'

        ref_videos = [
         {'content_id': 0,
          'content_name': 'Foo',
          'path': ref_dir + '/Foo_25fps.yuv'},
        ]

        dis_videos = [{'asset_id': 0,
          'content_id': 0,
          'dmos': 100.0,
          'path': ref_dir + '/Foo_25fps.yuv',
         },
         {'asset_id': 1,
          'content_id': 0,
          'dmos': 42.5,
          'path': dis_dir + '/Foo_20_288_375.yuv',
         },
         {'asset_id': 2,
          'content_id': 1,
          'dmos': 87.25, # a comment, with a } in it
          'path': dis_dir + '/Bar_90_1080_4300.yuv',
         }]
        """;

    [Fact]
    public void The_dmos_file_scores_each_distortion_and_skips_the_references_scored_against_themselves()
    {
        var scores = NetflixScores.ReadPython("NFLX_dataset_public.py", DmosFile);

        Assert.Equal("dmos", scores.Kind);
        Assert.Null(scores.RescaledFrom);
        Assert.Equal(2, scores.Scores.Count);
        Assert.Equal(42.5, scores.Scores["Foo_20_288_375"]);
        Assert.Equal(87.25, scores.Scores["Bar_90_1080_4300"]);
    }

    [Fact]
    public void The_raw_file_averages_each_videos_opinion_scores_and_rescales_them_from_1_to_5()
    {
        const string raw = """
            ref_score = 5.0
            dis_videos = [
             {'asset_id': 1,
              'content_id': 0,
              'os': [1.0,
                     2.0,
                     3.0],
              'path': dis_dir + '/Foo_20_288_375.yuv'},
             {'asset_id': 2, 'content_id': 1, 'os': {'viewer1': 5.0, 'viewer2': 4.0}, 'path': dis_dir + '/Bar_90_1080_4300.yuv'},
            ]
            """;

        var scores = NetflixScores.ReadPython("NFLX_dataset_public_raw.py", raw);

        Assert.Equal("mos", scores.Kind);
        Assert.Equal(new TinyVmaf.Corpus.Import.MosScale(1, 5), scores.RescaledFrom);
        Assert.Equal((2.0 - 1) / 4 * 100, scores.Scores["Foo_20_288_375"], 12);
        Assert.Equal((4.5 - 1) / 4 * 100, scores.Scores["Bar_90_1080_4300"], 12);
    }

    [Fact]
    public void A_file_without_a_dis_videos_list_is_refused()
    {
        var error = Assert.Throws<CorpusBuildException>(() => NetflixScores.ReadPython("x.py", "ref_videos = []"));
        Assert.Contains("dis_videos", error.Message);
    }

    [Fact]
    public void An_entry_without_a_score_is_named()
    {
        const string text = "dis_videos = [{'asset_id': 1, 'path': dis_dir + '/Foo_20_288_375.yuv'}]";
        var error = Assert.Throws<CorpusBuildException>(() => NetflixScores.ReadPython("x.py", text));
        Assert.Contains("Foo_20_288_375", error.Message);
    }
}
