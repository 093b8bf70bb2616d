// The subcommands of `cartlift`; each returns a process exit code (args.h).
#pragma once

namespace cartlift::cli {

int RunBuild(int argc, char** argv);
int RunRecommend(int argc, char** argv);
int RunInspect(int argc, char** argv);
int RunEval(int argc, char** argv);
int RunConvert(int argc, char** argv);
int RunAssign(int argc, char** argv);
int RunImportShopify(int argc, char** argv);

}  // namespace cartlift::cli
