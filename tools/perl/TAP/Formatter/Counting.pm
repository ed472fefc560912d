# prove's console formatter, plus one closing line "N passed, N failed" that counts
# every test point, with planned tests that never ran and crashed scripts as failures.
package TAP::Formatter::Counting;
use strict;
use warnings;
use parent 'TAP::Formatter::Console';

sub summary {
    my ($self, $aggregate, $interrupted) = @_;
    $self->SUPER::summary($aggregate, $interrupted);
    my ($passed, $failed) = (0, 0);
    for my $file ($aggregate->descriptions) {
        my ($parser) = $aggregate->parsers($file);
        $passed += scalar $parser->passed;
        $failed += scalar $parser->failed;
        my $missing = ($parser->tests_planned // 0) - $parser->tests_run;
        $failed += $missing if $missing > 0;
        my $crashed = !$parser->tests_run || $parser->exit || $parser->wait;
        $failed += 1 if $crashed && !scalar($parser->failed) && $missing <= 0;
    }
    print "$passed passed, $failed failed\n";
}

1;
